import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

import { SelectField } from '@/components/form/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useDoctors, useSpecialties } from '@/features/doctors/api/get-doctors';
import { BookingForm } from '@/features/scheduling/components/booking-form';
import { NextFreeSlots } from '@/features/scheduling/components/next-free-slots';
import { SlotPicker } from '@/features/scheduling/components/slot-picker';

type BookingProps = {
  /** Staff book on a patient's behalf; a patient books for themselves. */
  patientId?: number;
  /** Where to go once booked. */
  doneHref: string;
};

/** Choose a doctor and a free time (or the next free time anywhere), then confirm with a note. */
export function Booking({ patientId, doneHref }: BookingProps) {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const doctorParam = Number(params.get('doctor'));
  const doctorId = Number.isInteger(doctorParam) && doctorParam > 0 ? doctorParam : null;
  const [start, setStart] = useState<string | null>(null);
  const doctors = useDoctors({ is_active: true, page_size: 100 });
  const specialties = useSpecialties();
  const doctor = doctors.data?.results.find((candidate) => candidate.id === doctorId) ?? null;

  function chooseDoctor(id: string) {
    const next = new URLSearchParams(params);
    if (id) {
      next.set('doctor', id);
    } else {
      next.delete('doctor');
    }
    setParams(next, { replace: true });
    setStart(null);
  }

  return (
    <div className="booking">
      <NextFreeSlots
        specialties={specialties.data ?? []}
        onPick={(slot) => {
          chooseDoctor(String(slot.doctor.id));
          setStart(slot.start);
        }}
      />

      <section aria-labelledby="choose-heading" className="card">
        <h2 id="choose-heading">Choose a doctor and a time</h2>
        {doctors.isPending && <Loading label="Loading doctors…" />}
        {doctors.isError && <ErrorMessage error={doctors.error} action="load the doctors" />}
        {doctors.isSuccess && (
          <SelectField
            label="Doctor"
            value={doctorId === null ? '' : String(doctorId)}
            onChange={(event) => {
              chooseDoctor(event.target.value);
            }}
            options={[
              { value: '', label: 'Choose a doctor' },
              ...doctors.data.results.map((candidate) => ({
                value: String(candidate.id),
                label: `${candidate.full_name} (${candidate.specialty})${
                  candidate.accepting_new_patients ? '' : ', not accepting new patients'
                }`,
              })),
            ]}
          />
        )}
        {doctorId !== null && (
          <SlotPicker
            key={doctorId}
            doctorId={doctorId}
            value={start}
            onChange={setStart}
            {...(start ? { initialDate: start.slice(0, 10) } : {})}
          />
        )}
      </section>

      {doctor && start && (
        <section className="card">
          <BookingForm
            key={start}
            doctor={doctor}
            start={start}
            {...(patientId ? { patientId } : {})}
            onBooked={() => {
              void navigate(doneHref, { state: { booked: true } });
            }}
          />
        </section>
      )}
    </div>
  );
}

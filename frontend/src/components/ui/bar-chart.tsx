import { useId } from 'react';

export type Bar = { label: string; value: number; display?: string };
export type Series = { name: string; className: string; bars: readonly Bar[] };

type BarChartProps = {
  title: string;
  /** One or more series over the same labels, drawn side by side. */
  series: readonly Series[];
  /** The largest value on the scale (defaults to the largest bar). */
  max?: number;
  orientation?: 'horizontal' | 'vertical';
};

/**
 * A small bar chart in HTML and CSS (no chart library: the admin page stays light), with the
 * numbers behind it in a table for screen readers and for anyone who wants them.
 */
export function BarChart({ title, series, max, orientation = 'horizontal' }: BarChartProps) {
  const id = useId();
  const labels = series[0]?.bars.map((bar) => bar.label) ?? [];
  const scale = Math.max(max ?? 0, ...series.flatMap((s) => s.bars.map((bar) => bar.value)), 1);

  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      {series.length > 1 && (
        <ul className="chart-legend" aria-hidden="true">
          {series.map((s) => (
            <li key={s.name}>
              <span className={`chart-swatch ${s.className}`} /> {s.name}
            </li>
          ))}
        </ul>
      )}
      {orientation === 'vertical' && labels.length > 0 && (
        <p className="chart-scale muted">Full height: {scale}</p>
      )}
      {labels.length === 0 ? (
        <p>No data in this range.</p>
      ) : (
        <div className={`chart-body chart-${orientation}`} aria-hidden="true">
          {labels.map((label, index) => (
            <div className="chart-group" key={label}>
              <span className="chart-label">{label}</span>
              <span className="chart-bars">
                {series.map((s) => {
                  const bar = s.bars[index];
                  const size = `${String(((bar?.value ?? 0) / scale) * 100)}%`;
                  return (
                    <span
                      key={s.name}
                      className={`chart-bar ${s.className}`}
                      style={orientation === 'horizontal' ? { width: size } : { height: size }}
                      title={`${s.name}: ${bar?.display ?? String(bar?.value ?? 0)}`}
                    >
                      {orientation === 'horizontal' && (
                        <span className="chart-value">{bar?.display ?? bar?.value}</span>
                      )}
                    </span>
                  );
                })}
              </span>
            </div>
          ))}
        </div>
      )}
      <details className="chart-data">
        <summary>The numbers</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">&nbsp;</th>
                {series.map((s) => (
                  <th scope="col" key={s.name}>
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, index) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td key={s.name}>{s.bars[index]?.display ?? s.bars[index]?.value}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

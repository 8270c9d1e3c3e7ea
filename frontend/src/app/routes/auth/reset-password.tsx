import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

import { ContentLayout } from '@/components/layouts/content-layout';
import { PageFrame } from '@/components/layouts/page-frame';
import { paths } from '@/config/paths';
import { InvalidLink, ResetPasswordForm } from '@/features/auth/components/reset-password-form';

/** The uid and token of the e-mailed link, from the address's fragment (`#uid=…&token=…`). */
function linkOf(hash: string): { uid: string; token: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const uid = params.get('uid');
  const token = params.get('token');
  return uid && token ? { uid, token } : null;
}

export function ResetPasswordRoute() {
  const navigate = useNavigate();
  const { hash } = useLocation();
  const [link] = useState(() => linkOf(hash));

  return (
    <PageFrame>
      <div className="narrow">
        <ContentLayout title="Set a new password">
          {link ? (
            <ResetPasswordForm
              uid={link.uid}
              token={link.token}
              onReset={() => {
                // Replaces the entry whose address holds the (now spent) token.
                void navigate(`${paths.auth.signIn.getHref()}?reason=password_reset`, {
                  replace: true,
                });
              }}
            />
          ) : (
            <InvalidLink detail="This link is incomplete. Open the link from the e-mail again, or ask for a new one." />
          )}
        </ContentLayout>
      </div>
    </PageFrame>
  );
}

import { useState } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';

import { AppProvider } from '@/app/providers';
import { routes } from '@/app/router';

export function App() {
  const [router] = useState(() => createBrowserRouter(routes));

  return (
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>
  );
}

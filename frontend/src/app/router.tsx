import type { RouteObject } from 'react-router';

import { LandingRoute } from '@/app/routes/landing';
import { NotFoundRoute } from '@/app/routes/not-found';
import { paths } from '@/config/paths';

export const routes: RouteObject[] = [
  { path: paths.home.path, Component: LandingRoute },
  { path: '*', Component: NotFoundRoute },
];

import { useState, type ReactNode } from 'react';
import { createHashRouter, RouterProvider } from 'react-router';

/**
 * children under React Router's hash router: the console's pages are descendant routes
 * (App.tsx's <Routes>), and a data router is what lets a page hold navigation back while it
 * has unsaved edits (useBlocker). Made once: children is the app, fixed for the page's life.
 */
export function HashRouted({ children }: { children: ReactNode }) {
  const [router] = useState(() => createHashRouter([{ path: '*', element: children }]));
  return <RouterProvider router={router} />;
}

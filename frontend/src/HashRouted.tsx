import { useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createHashRouter, RouterProvider } from 'react-router';

/**
 * children under React Router's hash router: the console's pages are descendant routes
 * (App.tsx's <Routes>), and a data router is what lets a page hold navigation back while it
 * has unsaved edits (useBlocker). Made once: children is the app, fixed for the page's life.
 * flushSync lets a navigation render at once (route.ts); react-router/dom would pass it too, but
 * as a second copy of the router's module under Vitest.
 */
export function HashRouted({ children }: { children: ReactNode }) {
  const [router] = useState(() => createHashRouter([{ path: '*', element: children }]));
  return (
    <RouterProvider
      router={router}
      flushSync={(fn) => {
        flushSync(fn);
        return undefined;
      }}
    />
  );
}

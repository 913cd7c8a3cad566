import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { HashRouted } from './HashRouted';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <HashRouted>
      <App />
    </HashRouted>
  </StrictMode>,
);

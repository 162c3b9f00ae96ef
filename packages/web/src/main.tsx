import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { registerServiceWorker } from './offline/register';
import { startSyncEngine } from './offline/sync';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The phone app: the app shell is kept by the service worker, visits recorded offline are sent when the signal returns.
registerServiceWorker();
startSyncEngine();

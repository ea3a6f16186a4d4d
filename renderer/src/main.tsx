import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectStation } from './bridge/index.js';
import { initI18n } from './i18n/index.js';
import { StationController } from './state/controller.js';
import { StationProvider } from './state/context.js';
import './styles/app.css';

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  await initI18n();
  const station = await connectStation();
  const controller = new StationController(station);
  controller.start();
  createRoot(root).render(
    <StrictMode>
      <StationProvider controller={controller}>
        <App />
      </StationProvider>
    </StrictMode>,
  );
}

void start().catch((error: unknown) => {
  const root = document.getElementById('root');
  if (root) {
    const message = document.createElement('pre');
    message.className = 'fatal';
    message.textContent = `执法记录采集工作站无法启动 / Evidence Station failed to start:\n${error instanceof Error ? error.message : String(error)}`;
    root.replaceChildren(message);
  }
});

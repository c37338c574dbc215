/**
 * Electron main: one locked-down window, the API over IPC (the same transport-neutral API as the browser
 * host), engines in utility processes, the store in the user-data folder.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { createBackend, type Backend } from './api/backend';
import { guardAllWebContents, holdSingleInstance } from './electron/app-guards';
import { installAppMenu } from './electron/app-menu';
import { forwardEvents, registerApiHandlers } from './electron/ipc-bridge';
import { createMainWindow } from './electron/main-window';
import { utilityEngineLauncher } from './electron/utility-engine';

const here = path.dirname(fileURLToPath(import.meta.url));
const resources = app.isPackaged ? process.resourcesPath : path.resolve(here, '../../resources');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appUrl = devServerUrl ?? pathToFileURL(path.join(here, '../renderer/index.html')).href;

let backend: Backend | null = null;
let mainWindow: BrowserWindow | null = null;

async function pickCsv(): Promise<string | null> {
  const options = { title: 'Import CSV', properties: ['openFile' as const], filters: [{ name: 'CSV files', extensions: ['csv', 'tsv', 'txt'] }] };
  const result = await (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options));
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}

/** File → Import CSV…: the renderer learns of the new dataset through `datasets.changed`. */
async function importFromMenu(api: Backend['api']): Promise<void> {
  const picked = await api.call('files.openCsvDialog', {});
  if (!picked.ok || picked.value === null) return;
  const { fileId } = picked.value as { fileId: string };
  const result = await api.call('datasets.import', { source: { fileId }, importId: `menu-${randomUUID()}` });
  if (!result.ok && result.error.code !== 'CANCELLED') dialog.showErrorBox('The CSV could not be imported', result.error.message);
}

function openWindow(api: Backend['api']): void {
  mainWindow = createMainWindow({ preload: path.join(here, '../preload/index.cjs'), appUrl, devServerUrl });
  const stopForwarding = forwardEvents(api, mainWindow.webContents);
  mainWindow.on('closed', () => {
    stopForwarding();
    mainWindow = null;
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  try {
    backend = createBackend({
      dataDir: app.getPath('userData'),
      samplesDir: path.join(resources, 'samples'),
      launch: utilityEngineLauncher(path.join(here, 'engine.js')),
      transport: 'ipc',
      version: app.getVersion(),
      openCsvDialog: pickCsv,
      csvWorkerUrl: pathToFileURL(path.join(here, 'csv-import-worker.js')),
    });
  } catch (e) {
    // DATA_DIR_IN_USE, DB_TOO_NEW, DB_CORRUPT, a full disk or a read-only folder: say why (the message says
    // where and what to do) and leave the files alone.
    dialog.showErrorBox('Neural Workbench cannot open its data', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return;
  }
  const { api } = backend;
  registerApiHandlers(ipcMain, api, appUrl);
  installAppMenu(() => mainWindow, { importCsv: () => void importFromMenu(api), creditsFile: path.join(resources, 'samples', 'CREDITS.md') });
  openWindow(api);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(api);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Engines are stopped (their runs marked interrupted) and the store closed before the app exits.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !backend) return;
  event.preventDefault();
  quitting = true;
  void backend.close().finally(() => app.quit());
});

// Before any window exists: every web contents is locked down the moment it is created.
guardAllWebContents(app);
// A second launch focuses this window; the data folder's own lock also stops a browser host on the same folder.
if (holdSingleInstance(app, () => mainWindow)) void start();
else app.quit();

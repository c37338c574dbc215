import { readFileSync } from 'node:fs';
import { app, dialog, Menu, type BrowserWindow } from 'electron';

/** CREDITS.md as plain lines for a message box: table rows become "file: original (copy)", markup dropped. */
export function creditsText(markdown: string): string {
  const lines: string[] = [];
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('|')) {
      const cells = line.split('|').map((c) => c.trim()).filter(Boolean);
      if (cells.length < 2 || /^-+$/.test(cells[0]) || cells[0] === 'file') continue;
      lines.push(`• ${cells[0].replace(/`/g, '')}: ${cells[1]}${cells[3] ? ` (${cells[3]})` : ''}`);
    } else if (line && !line.startsWith('#')) {
      lines.push(line.replace(/\*\*|`/g, ''));
    }
  }
  return lines.join('\n');
}

export interface AppMenuActions {
  importCsv(): void;
  creditsFile: string;
}

export function installAppMenu(window: () => BrowserWindow | null, actions: AppMenuActions): void {
  const about = async () => {
    let credits = '';
    try {
      credits = creditsText(readFileSync(actions.creditsFile, 'utf8'));
    } catch {
      credits = 'Dataset credits: see resources/samples/CREDITS.md.';
    }
    const options = {
      type: 'info' as const,
      title: 'About Neural Workbench',
      message: `Neural Workbench ${app.getVersion()}`,
      detail: `Train neural networks without code: backpropagation and Extreme Learning Machines on your own CSV data.\n\nSample datasets:\n${credits}`,
    };
    const win = window();
    await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate([
    {
      label: 'File',
      submenu: [
        { label: 'Import CSV…', accelerator: 'CmdOrCtrl+O', click: () => actions.importCsv() },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { label: 'Help', submenu: [{ label: 'About Neural Workbench', click: () => void about() }] },
  ]));
}

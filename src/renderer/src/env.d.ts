/// <reference types="vite/client" />

interface Window {
  /** Set by the Electron preload (contextBridge); absent in the browser. */
  api?: import('../../shared/api').WorkbenchApi;
}

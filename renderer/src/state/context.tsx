import { createContext, useContext, type ReactNode } from 'react';
import type { AppState, StationController } from './controller.js';
import { useStore } from './store.js';

const ControllerContext = createContext<StationController | undefined>(undefined);

export function StationProvider({ controller, children }: { controller: StationController; children: ReactNode }) {
  return <ControllerContext.Provider value={controller}>{children}</ControllerContext.Provider>;
}

export function useController(): StationController {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('useController outside StationProvider');
  return controller;
}

export function useAppState<S>(selector: (state: AppState) => S): S {
  return useStore(useController().store, selector);
}

// Dropping files anywhere on a channel or thread attaches them to its composer.

import { useSignal } from '@preact/signals';

function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false;
}

/** Handlers for the drop area, and whether files are being dragged over it (to show a hint). */
export function useFileDrop(attach: (files: File[]) => void) {
  const over = useSignal(false);
  return {
    over: over.value,
    handlers: {
      onDragOver(e: DragEvent) {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        over.value = true;
      },
      onDragLeave(e: DragEvent) {
        const to = e.relatedTarget as Node | null;
        if (!to || !(e.currentTarget as Node).contains(to)) over.value = false;
      },
      onDrop(e: DragEvent) {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        over.value = false;
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length) attach(files);
      },
    },
  };
}

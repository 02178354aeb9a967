// A short two-note chime made with Web Audio, so no sound file ships. Browsers only let a page
// play sound after the user interacted with it, so the audio context is created (or resumed) on
// the first click or key press and kept for later, when the tab may be hidden.

let context: AudioContext | null = null;

function unlock(): void {
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume();
}

/** Prepares the chime on the user's next interaction; returns a function undoing that. */
export function prepareChime(): () => void {
  const events = ['pointerdown', 'keydown'] as const;
  for (const e of events) addEventListener(e, unlock, { capture: true, passive: true });
  return () => {
    for (const e of events) removeEventListener(e, unlock, { capture: true });
  };
}

export function playChime(): void {
  if (!context || context.state !== 'running') return;
  const start = context.currentTime;
  const notes = [
    { frequency: 880, at: 0 },
    { frequency: 1318.5, at: 0.12 },
  ];
  for (const { frequency, at } of notes) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + at);
    gain.gain.exponentialRampToValueAtTime(0.18, start + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + at + 0.45);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + at);
    oscillator.stop(start + at + 0.5);
  }
}

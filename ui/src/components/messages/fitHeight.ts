// Grows a textarea with its text, up to the max-height its CSS allows (then it scrolls).

export function fitHeight(area: HTMLTextAreaElement): void {
  area.style.height = 'auto';
  area.style.height = `${area.scrollHeight + area.offsetHeight - area.clientHeight}px`;
}

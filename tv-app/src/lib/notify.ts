/** Lets any page show a toast without holding a reference to the App component. */
let sink: ((message: string) => void) | undefined;

export function setNotifier(show: (message: string) => void): void {
  sink = show;
}

export function notify(message: string): void {
  sink?.(message);
}

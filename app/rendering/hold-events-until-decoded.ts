/**
 * React 18's events that make it hydrate synchronously when one reaches a document still being hydrated
 * (`discreteReplayableEvents` in react-dom; hold-events-until-decoded.test.ts checks the list against it).
 */
export const hydrationBlockingEvents = [
  "mousedown", "mouseup", "touchcancel", "touchend", "touchstart", "auxclick", "dblclick", "pointercancel", "pointerdown",
  "pointerup", "dragend", "dragstart", "drop", "compositionend", "compositionstart", "keydown", "keypress", "keyup",
  "input", "textInput", "copy", "cut", "paste", "click", "change", "contextmenu", "reset", "submit",
] as const;

/**
 * React 18 hydrates the document synchronously when one of these events reaches it before hydration has finished.
 * RemixBrowser's first render suspends until Remix has decoded the page's data from the inline stream, and a
 * synchronous render that suspends is React's "Root did not complete" (minified #345): an uncaught error and the event
 * lost (seen under load in data-access-vice-chair.spec on CI, issue 26; remix-run/remix#10214). So until that data is
 * decoded — Remix sets `__remixContext.state` exactly then — these events are kept from React, as React itself does
 * with events it cannot yet dispatch, and the browser does what it does without JavaScript: a link is followed, a form
 * submitted, a box ticked. Listening on window in the capture phase runs before React's listeners on the document;
 * the listeners remove themselves at the first event after the data is decoded.
 */
export function holdEventsUntilDecoded(target: Window): void {
  const decoded = () =>
    (target as unknown as { __remixContext?: { state?: unknown } })
      .__remixContext?.state !== undefined;
  const hold = (event: Event) => {
    if (!decoded()) {
      event.stopPropagation();
      return;
    }
    for (const type of hydrationBlockingEvents)
      target.removeEventListener(type, hold, { capture: true });
  };
  for (const type of hydrationBlockingEvents)
    target.addEventListener(type, hold, { capture: true });
}

/**
 * Key codes of the common TV platforms, all mapped onto the few names Lightning dispatches
 * (`_handleBack`, `_handlePlayPause`, ...). Number keys are deliberately absent: unmapped keys
 * reach no handler, so a stray digit does nothing.
 */
export const KEY_MAP: Record<number, string> = {
  13: 'Enter',
  37: 'Left',
  38: 'Up',
  39: 'Right',
  40: 'Down',
  // Back: Backspace and Escape on a keyboard, webOS 461, Tizen 10009. Escape is `Menu` in the
  // SDK's defaults; a TV has no Escape key, and on a desktop people expect it to go back.
  8: 'Back',
  27: 'Back',
  461: 'Back',
  10009: 'Back',
  // Media keys: W3C/HbbTV codes (webOS, Tizen, Android TV), plus browser MediaPlayPause (179).
  179: 'PlayPause',
  10252: 'PlayPause',
  415: 'Play',
  19: 'Pause',
  413: 'Stop',
  178: 'Stop',
  412: 'Rewind',
  227: 'Rewind',
  417: 'FastForward',
  228: 'FastForward',
};

import type { Lightning } from '@lightningjs/sdk';

/**
 * Gives `element` a texture and calls `settled` once: `true` when the texture is shown, `false`
 * if it failed to load. The listeners go on before the texture: Lightning reports a texture that
 * is already loaded (the same image on another element) at once, as it is set, so a listener
 * added after it never hears. Once only: Lightning reports it again each time the element comes
 * back into view.
 */
export function setTexture(
  element: Lightning.Element,
  texture: Lightning.Texture | Lightning.Texture.SettingsLoose,
  settled: (shown: boolean) => void,
): void {
  const loaded = () => finish(true);
  const failed = () => finish(false);
  function finish(shown: boolean): void {
    element.off('txLoaded', loaded);
    element.off('txError', failed);
    settled(shown);
  }
  element.on('txLoaded', loaded);
  element.on('txError', failed);
  element.texture = texture;
}

import { colors, font, SCREEN, text } from '../lib/theme';

/** What the full-screen message pages share: the plain background, a title and a paragraph. */
export function messageScreen() {
  return {
    w: 1920,
    h: 1080,
    Background: { w: 1920, h: 1080, rect: true, color: colors.background },
    Title: {
      x: SCREEN.marginX,
      y: 300,
      text: { ...text(font.title, { bold: true }), wordWrapWidth: 1600, text: '' },
    },
    Body: {
      x: SCREEN.marginX,
      y: 430,
      text: { ...text(font.body, { color: colors.textDim }), wordWrapWidth: 1400, text: '' },
    },
  };
}

import { Lightning } from '@lightningjs/sdk';
import { colors, font, text } from '../lib/theme';

/** Where a modal's panel sits: centred on the screen unless `x`/`y` place its top-left corner. */
export interface PanelBox {
  w: number;
  h: number;
  x?: number;
  y?: number;
}

/**
 * What every modal on the TV is drawn as: the page dimmed by a full-screen scrim, and on it one
 * rounded panel holding `content` (positions inside it are relative to its top-left corner).
 */
export function modalTemplate<Content extends object>(box: PanelBox, content: Content) {
  const centred = box.x === undefined && box.y === undefined;
  return {
    w: 1920,
    h: 1080,
    rect: true,
    color: colors.scrim,
    Panel: {
      x: box.x ?? 960,
      y: box.y ?? 540,
      w: box.w,
      h: box.h,
      mount: centred ? 0.5 : 0,
      rect: true,
      color: colors.surface,
      shader: { type: Lightning.shaders.RoundedRectangle, radius: 24 },
      ...content,
    },
  };
}

/** A modal's title along the top of its panel: one bold heading line, cut to the panel's width. */
export function modalTitle(panelWidth: number) {
  return {
    x: 40,
    y: 36,
    text: {
      ...text(font.heading, { bold: true }),
      wordWrapWidth: panelWidth - 80,
      maxLines: 1,
      text: '',
    },
  };
}

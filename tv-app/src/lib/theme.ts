import { FONT_FAMILY } from './fonts';

/** Colours as Lightning wants them: 0xAARRGGBB. */
export const colors = {
  background: 0xff0b0d12,
  surface: 0xff1a1e27,
  surfaceRaised: 0xff262b36,
  text: 0xffffffff,
  textDim: 0xffb4bac6,
  textFaint: 0xff7d8493,
  accent: 0xffe8b44a,
  accentText: 0xff14110a,
  focusRing: 0xffffffff,
  danger: 0xffe0605a,
  scrim: 0xcc000000,
} as const;

export const font = {
  face: FONT_FAMILY,
  title: 72,
  heading: 44,
  body: 30,
  small: 24,
} as const;

/** Shared text defaults: the bundled family, and Lao-safe line height (its marks stack high). */
export function text(size: number, options: { bold?: boolean; color?: number } = {}) {
  return {
    fontFace: FONT_FAMILY,
    fontSize: size,
    fontStyle: options.bold ? 'bold' : 'normal',
    lineHeight: Math.round(size * 1.5),
    textColor: options.color ?? colors.text,
  };
}

export const SCREEN = { w: 1920, h: 1080, marginX: 100 } as const;

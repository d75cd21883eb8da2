import { colors, font, text } from '../lib/theme';
import { QrCode } from './QrCode';

/*
 * The layout the screens that send the viewer to a phone share (Sign in, Rent): a column of steps
 * (where to go, the link, the code to enter, how long it lasts), the QR of the link beside it with
 * a caption, and, once done, lines centred on the screen.
 */

/** A step's line of text in the column, `width` wide. */
export function stepLine(y: number, width: number) {
  return {
    y,
    text: { ...text(font.body, { color: colors.textDim }), wordWrapWidth: width, text: '' },
  };
}

/** The link to go to on a phone, in the column, `width` wide. */
export function linkLine(y: number, width: number) {
  return {
    y,
    text: {
      ...text(font.heading, { bold: true, color: colors.accent }),
      wordWrapWidth: width,
      text: '',
    },
  };
}

/** The QR, `size` square with its top-left corner at `x, y`, and a caption centred under it. */
export function qrWithCaption({ x, y, size }: { x: number; y: number; size: number }) {
  return {
    x,
    y,
    Code: { type: QrCode },
    Caption: {
      y: size + 24,
      w: size,
      text: {
        ...text(font.body, { color: colors.textDim }),
        wordWrapWidth: size,
        textAlign: 'center' as const,
        text: '',
      },
    },
  };
}

/** A line centred on the screen at `y`, in `style` (what `text()` gives). */
export function centredLine(y: number, style: ReturnType<typeof text>) {
  return {
    x: 960,
    y,
    mount: 0.5,
    text: { ...style, wordWrapWidth: 1600, textAlign: 'center' as const, text: '' },
  };
}

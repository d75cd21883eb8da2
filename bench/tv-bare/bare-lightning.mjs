// The TV bench's baseline: a bare Lightning 2 app with the TV app's stage, fonts and first screen
// (Home's hero with its backdrop, the first row with its posters), nothing else. The bench bundles
// it with the esbuild that `lng build` uses and loads the same `lib/lightning.min.js` before it.
//   ?api=<API origin>&fonts=<regular.woff2>,<bold.woff2>
// It marks `app-first-frame` once the stage is up and `app-interactive` once the hero's backdrop
// and the visible posters of the first row have loaded and a frame has been drawn after them: the
// same rule the TV app's Home follows. Arrow keys move focus along the row, as Home's row does.
import { imageUrlFor } from '../../contracts/src/images.ts';

const lng = window.lng;
const params = new URLSearchParams(location.search);
const FONT = 'Lanxang Sans';
const TILE = { w: 240, h: 360, gap: 32 };
const MARGIN = 96;
const ROWS_TOP = 660;

/** The smallest stored size at least `width` wide, the TV app's rule (and its module). */
function imageUrl(image, width) {
  return image ? imageUrlFor(image, width) : undefined;
}

/** Resolves on the first frame drawn after every element in `elements` has its texture. */
function drawn(elements) {
  return Promise.all(
    elements.map(
      (element) =>
        new Promise((resolve) => {
          if (element.texture?.isLoaded()) resolve();
          else element.on('txLoaded', resolve);
        }),
    ),
  ).then(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

class Bare extends lng.Application {
  static _template() {
    return {
      Background: { w: 1920, h: 1080, rect: true, color: 0xff0b0d12 },
      Backdrop: { w: 1920, h: 1080, alpha: 0.75 },
      Title: {
        x: MARGIN,
        y: 170,
        text: { text: '', fontFace: FONT, fontSize: 72, fontStyle: 'bold' },
      },
      Row: {
        y: ROWS_TOP,
        Heading: { x: MARGIN, text: { text: '', fontFace: FONT, fontSize: 36, fontStyle: 'bold' } },
        Items: { x: MARGIN, y: 80 },
      },
    };
  }

  show(home) {
    const hero = home.hero[0];
    const row = home.rows.find((candidate) => candidate.items.length > 0);
    this.tag('Title').text.text = hero ? (hero.movie.title.en ?? '') : '';
    this.tag('Backdrop').texture = {
      type: lng.textures.ImageTexture,
      src: imageUrl(hero?.image, 1920),
      resizeMode: { type: 'cover', w: 1920, h: 1080 },
    };
    this.tag('Row.Heading').text.text = row?.title.en ?? '';
    this.tag('Row.Items').children = (row?.items ?? []).map((movie, index) => ({
      x: index * (TILE.w + TILE.gap),
      w: TILE.w,
      h: TILE.h,
      pivotY: 0.5,
      rect: true,
      color: 0xff1f2430,
      Poster: {
        w: TILE.w,
        h: TILE.h,
        texture: {
          type: lng.textures.ImageTexture,
          src: imageUrl(movie.poster, TILE.w),
          resizeMode: { type: 'cover', w: TILE.w, h: TILE.h },
        },
      },
    }));
    this.index = 0;
    this.focusTile();
    const visible = Math.ceil((1920 - MARGIN) / (TILE.w + TILE.gap));
    const posters = this.tag('Row.Items')
      .children.slice(0, visible)
      .map((tile) => tile.tag('Poster'));
    return drawn([this.tag('Backdrop'), ...posters]);
  }

  focusTile() {
    const items = this.tag('Row.Items');
    items.children.forEach((tile, index) =>
      tile.setSmooth('scale', index === this.index ? 1.12 : 1, { duration: 0.18 }),
    );
    const stride = TILE.w + TILE.gap;
    const visibleCount = Math.floor((1920 - MARGIN * 2) / stride);
    const first = Math.max(
      0,
      Math.min(this.index - (visibleCount - 2), items.children.length - visibleCount),
    );
    items.setSmooth('x', MARGIN - first * stride, { duration: 0.25 });
  }

  _handleRight() {
    this.index = Math.min(this.index + 1, this.tag('Row.Items').children.length - 1);
    this.focusTile();
  }

  _handleLeft() {
    this.index = Math.max(this.index - 1, 0);
    this.focusTile();
  }
}

async function start() {
  const [regular, bold] = params.get('fonts').split(',');
  await Promise.all(
    [
      [regular, '400'],
      [bold, '700'],
    ].map(async ([url, weight]) =>
      document.fonts.add(await new FontFace(FONT, `url(${url})`, { weight }).load()),
    ),
  );
  const app = new Bare({
    stage: {
      w: 1920,
      h: 1080,
      clearColor: 0x00000000,
      useImageWorker: true,
      defaultFontFace: FONT,
    },
  });
  document.body.appendChild(app.stage.getCanvas());
  performance.mark('app-first-frame');
  const home = await (await fetch(`${params.get('api')}/api/home`)).json();
  await app.show(home);
  performance.mark('app-interactive');
  window.__bare = { ready: true };
}

void start();

// Image sizes and URL templates, with no schema library: the TV app imports this module alone
// (`@lanxang/contracts/images`), so zod stays out of its start-up bundle.

export const IMAGE_KINDS = ['poster', 'backdrop', 'logo', 'profile'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

/** The widths we store and serve for each kind of image, named as TMDB names its sizes. */
export const IMAGE_SIZES = {
  poster: ['w185', 'w342', 'w780'],
  backdrop: ['w780', 'w1280'],
  logo: ['w300', 'w500'],
  profile: ['w185', 'w421'],
} as const satisfies Record<ImageKind, readonly `w${number}`[]>;

/** What picking a size needs of an `Image`: its kind and its URL template (`{size}`). */
export interface ImageTemplate {
  kind: ImageKind;
  url: string;
}

/** The URL of one stored size of `image`. */
export function imageSizeUrl(image: Pick<ImageTemplate, 'url'>, size: string): string {
  return image.url.replace('{size}', size);
}

/** Every stored size of `image` by name, e.g. `{ w342: 'https://…/w342.jpg' }`. */
export function imageSizeUrls(image: ImageTemplate): Record<string, string> {
  return Object.fromEntries(
    IMAGE_SIZES[image.kind].map((size) => [size, imageSizeUrl(image, size)]),
  );
}

/** The smallest stored size at least `minWidth` pixels wide, else the largest: never upscaled. */
export function imageUrlFor(image: ImageTemplate, minWidth: number): string {
  const sizes = IMAGE_SIZES[image.kind];
  const size = sizes.find((name) => Number(name.slice(1)) >= minWidth) ?? sizes[sizes.length - 1]!;
  return imageSizeUrl(image, size);
}

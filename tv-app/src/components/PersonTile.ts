import { Lightning } from '@lightningjs/sdk';
import type { LocalizedText, PersonSummary } from '@lanxang/contracts';
import { localized } from '../lib/i18n';
import { setTexture } from '../lib/texture';
import { colors, font, text } from '../lib/theme';
import { roundedImageTexture } from './rounded';
import { imageUrl } from './Tile';

interface PersonTileTemplateSpec extends Lightning.Component.TemplateSpec {
  Ring: object;
  Photo: object;
  Initial: object;
  Name: object;
  Role: object;
}

export const PERSON_TILE = { w: 200, h: 340, photo: 200 } as const;

/** A cast or crew member: a round photo (lazy, like posters), the name and the role. */
export class PersonTile
  extends Lightning.Component<PersonTileTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<PersonTileTemplateSpec>
{
  readonly Ring = this.getByRef('Ring')!;
  readonly Photo = this.getByRef('Photo')!;
  readonly Initial = this.getByRef('Initial')!;
  readonly Name = this.getByRef('Name')!;
  readonly Role = this.getByRef('Role')!;
  private _person?: PersonSummary;
  private _role?: LocalizedText;
  private revealed = false;

  static override _template(): Lightning.Component.Template<PersonTileTemplateSpec> {
    const size = PERSON_TILE.photo;
    return {
      w: PERSON_TILE.w,
      h: PERSON_TILE.h,
      Ring: {
        x: -6,
        y: -6,
        w: size + 12,
        h: size + 12,
        rect: true,
        color: colors.focusRing,
        alpha: 0,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: (size + 12) / 2 },
      },
      Photo: {
        w: size,
        h: size,
        rect: true,
        color: colors.surfaceRaised,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: size / 2 },
      },
      Initial: {
        x: size / 2,
        y: size / 2,
        mount: 0.5,
        text: { ...text(72, { bold: true, color: colors.textFaint }), text: '' },
      },
      Name: {
        y: size + 16,
        text: {
          ...text(font.small, { bold: true }),
          wordWrapWidth: PERSON_TILE.w,
          maxLines: 2,
          text: '',
        },
      },
      Role: {
        y: size + 92,
        text: {
          ...text(font.small - 2, { color: colors.textDim }),
          wordWrapWidth: PERSON_TILE.w,
          maxLines: 1,
          text: '',
        },
      },
    };
  }

  set person(person: PersonSummary) {
    this._person = person;
    this.refreshText();
  }

  get person(): PersonSummary {
    if (!this._person) throw new Error('PersonTile without a person');
    return this._person;
  }

  set role(role: LocalizedText | undefined) {
    this._role = role;
    this.refreshText();
  }

  refreshText(): void {
    if (!this._person) return;
    const name = localized(this._person.name);
    this.Name.text!.text = name;
    this.Initial.text!.text = Array.from(name)[0] ?? '';
    this.Role.text!.text = localized(this._role);
  }

  reveal(): void {
    if (this.revealed || !this._person) return;
    this.revealed = true;
    const url = imageUrl(this._person.profile, PERSON_TILE.photo);
    if (!url) return;
    const size = PERSON_TILE.photo;
    this.Photo.patch({
      color: 0xffffffff,
      // The circle is cut into the texture: the placeholder's shader over a `cover` texture of a
      // portrait photo drew a barrel, not a circle.
      shader: null,
    });
    setTexture(this.Photo, roundedImageTexture(url, size, size, size / 2), (shown) => {
      if (shown) this.Initial.visible = false;
    });
  }

  override _focus(): void {
    this.setSmooth('scale', 1.08, { duration: 0.18 });
    this.Ring.setSmooth('alpha', 1, { duration: 0.18 });
  }

  override _unfocus(): void {
    this.setSmooth('scale', 1, { duration: 0.18 });
    this.Ring.setSmooth('alpha', 0, { duration: 0.18 });
  }
}

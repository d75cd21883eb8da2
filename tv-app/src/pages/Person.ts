import { Lightning, Router } from '@lightningjs/sdk';
import type { PersonDetails } from '@lanxang/contracts';
import { roundedImageTexture } from '../components/rounded';
import { Row } from '../components/Row';
import { imageUrl, Tile, TILE } from '../components/Tile';
import type { DebugInfoSource } from '../lib/debug';
import { currentLocale, localized, t } from '../lib/i18n';
import { colors, font, SCREEN, text } from '../lib/theme';

interface PersonTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Photo: object;
  Name: object;
  Born: object;
  Biography: object;
  Films: typeof Row;
}

interface PersonTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

/** A person: photo, name, biography and the films they made with us, which focus lands on. */
export class Person
  extends Lightning.Component<PersonTemplateSpec, PersonTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<PersonTemplateSpec>, DebugInfoSource
{
  readonly Photo = this.getByRef('Photo')!;
  readonly Name = this.getByRef('Name')!;
  readonly Born = this.getByRef('Born')!;
  readonly Biography = this.getByRef('Biography')!;
  readonly Films = this.getByRef('Films')!;
  private person?: PersonDetails;
  private renderedLocale?: string;

  static override _template(): Lightning.Component.Template<PersonTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Background: { w: 1920, h: 1080, rect: true, color: colors.background },
      Photo: {
        x: SCREEN.marginX,
        y: 100,
        w: 300,
        h: 300,
        rect: true,
        color: colors.surfaceRaised,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 150 },
      },
      Name: {
        x: 460,
        y: 110,
        text: { ...text(font.title, { bold: true }), wordWrapWidth: 1360, maxLines: 1, text: '' },
      },
      Born: { x: 460, y: 220, text: { ...text(font.small, { color: colors.textDim }), text: '' } },
      Biography: {
        x: 460,
        y: 270,
        text: {
          ...text(font.body, { color: colors.textDim }),
          wordWrapWidth: 1360,
          maxLines: 5,
          text: '',
        },
      },
      Films: { type: Row, y: 540 },
    };
  }

  /** Set by the route's data provider. */
  set details(person: PersonDetails) {
    const changed = person.id !== this.person?.id;
    this.person = person;
    if (changed) {
      const photo = imageUrl(person.profile, 300);
      this.Photo.patch(
        photo
          ? // The circle cut into the texture (a shader over a `cover` texture drew a barrel).
            { color: 0xffffffff, shader: null, texture: roundedImageTexture(photo, 300, 300, 150) }
          : {
              texture: null,
              color: colors.surfaceRaised,
              shader: { type: Lightning.shaders.RoundedRectangle, radius: 150 },
            },
      );
      // One film can credit a person twice (acted and directed); the row shows it once.
      const seen = new Set<number>();
      const films = person.filmography.filter(
        ({ movie }) => !seen.has(movie.id) && seen.add(movie.id),
      );
      this.Films.setItems(
        films.map(({ movie }) => ({ type: Tile, movie })),
        { itemWidth: TILE.w, itemHeight: TILE.h, gap: TILE.gap },
      );
      this.Films.index = 0;
      this.Films.onItemEnter = (item) => Router.navigate(`movie/${(item as Tile).movie.slug}`);
    }
    this.renderText();
  }

  private renderText(): void {
    const person = this.person;
    if (!person) return;
    this.renderedLocale = currentLocale();
    this.Name.text!.text = localized(person.name);
    const born = [person.birthday, person.placeOfBirth].filter(Boolean).join(', ');
    this.Born.text!.text = born ? t('person.born', { date: born }) : '';
    this.Biography.text!.text = localized(person.biography);
    this.Films.title = t('person.filmography');
    this.Films.refreshText();
  }

  override _active(): void {
    if (this.renderedLocale !== currentLocale()) this.renderText();
  }

  debugInfo(): { id: number | undefined; films: string[] } {
    return {
      id: this.person?.id,
      films: this.Films.items.map((item) => (item as Tile).movie.slug),
    };
  }

  override _getFocused(): Lightning.Component {
    return this.Films;
  }
}

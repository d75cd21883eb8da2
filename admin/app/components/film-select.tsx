/** A labelled choice of film, or none (`emptyLabel`): promo codes for one film, payment filters. */
export function FilmSelect({
  id,
  label,
  emptyLabel,
  films,
  defaultValue,
}: {
  id: string;
  label: string;
  emptyLabel: string;
  films: { id: number; title: string }[];
  defaultValue: string | number;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name="movieId" defaultValue={defaultValue}>
        <option value="">{emptyLabel}</option>
        {films.map((film) => (
          <option key={film.id} value={film.id}>
            {film.title}
          </option>
        ))}
      </select>
    </div>
  );
}

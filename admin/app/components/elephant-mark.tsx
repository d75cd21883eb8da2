/** Lanxang, the kingdom of a million elephants: the brand's small mark. */
export function ElephantMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
      <path
        fill="currentColor"
        d="M4 18v-6a7 7 0 0 1 7-7h3a6 6 0 0 1 6 6v2.5a2.5 2.5 0 0 1-5 0V12h-1v6h-3v-4H8v4H4Zm12-9.5a1 1 0 1 0 0 2 1 1 0 0 0 0-2Z"
      />
    </svg>
  );
}

import { useTranslation } from 'react-i18next';

/** TMDB's terms ask every product using its API to show this notice with the TMDB logo. */
export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <TmdbLogo />
      <p lang="en">{t('footer.tmdb')}</p>
    </footer>
  );
}

function TmdbLogo() {
  return (
    <svg
      className="tmdb-logo"
      role="img"
      aria-label="TMDB"
      viewBox="0 0 96 28"
      width="96"
      height="28"
      xmlns="http://www.w3.org/2000/svg"
    >
      <defs>
        <linearGradient id="tmdb-gradient" x1="0" x2="1" y1="0" y2="0">
          <stop offset="0" stopColor="#90cea1" />
          <stop offset="0.56" stopColor="#3cbec9" />
          <stop offset="1" stopColor="#00b3e5" />
        </linearGradient>
      </defs>
      <rect width="96" height="28" rx="14" fill="#0d253f" />
      <text
        x="48"
        y="19.5"
        textAnchor="middle"
        fontFamily="system-ui, sans-serif"
        fontSize="15"
        fontWeight="800"
        letterSpacing="2"
        fill="url(#tmdb-gradient)"
      >
        TMDB
      </text>
    </svg>
  );
}

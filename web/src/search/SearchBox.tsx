import { useEffect, useId, useState } from 'react';
import { useQuery } from 'urql';
import { foldVietnamese } from '@anbinh/shared';
import { useT, vocabulary } from '../app/i18n';

const SearchQuery = `query SearchPlaces($search: String!, $asOf: Date!) {
  adminUnits(search: $search, asOf: $asOf, first: 8) { nodes { code name level formerNames parent { name } } }
}`;

interface Match {
  code: string;
  name: string;
  level: 'PROVINCE' | 'DISTRICT' | 'COMMUNE';
  formerNames: string[];
  parent: { name: string } | null;
}

/** The former name the reader typed, when the match is a unit that name became part of. */
export function matchedFormerName(match: Pick<Match, 'name' | 'formerNames'>, typed: string): string | undefined {
  const folded = foldVietnamese(typed);
  if (` ${foldVietnamese(match.name)}`.includes(` ${folded}`)) return undefined;
  return match.formerNames.find((n) => ` ${foldVietnamese(n)}`.includes(` ${folded}`));
}

/**
 * Search as you type, folding diacritics (đ → d too), on the map date: an ARIA
 * combobox. A name of an earlier division finds the unit it became.
 */
export function SearchBox({ asOf, onChoose }: { asOf: string; onChoose: (code: string) => void }) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);
  const [{ data, fetching }] = useQuery<{ adminUnits: { nodes: Match[] } }>({
    query: SearchQuery,
    variables: { search: debounced, asOf },
    pause: foldVietnamese(debounced).length < 2,
  });
  const matches = debounced.length >= 2 ? (data?.adminUnits.nodes ?? []) : [];
  const expanded = open && debounced.length >= 2;

  const choose = (m: Match) => {
    setText(m.name);
    setOpen(false);
    onChoose(m.code);
  };

  return (
    <div className="ab-search">
      <label htmlFor={`${id}-input`}>{t('search')}</label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-expanded={expanded}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={expanded && matches[active] ? `${id}-option-${active}` : undefined}
        placeholder={t('searchPlaceholder')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, matches.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && matches[active]) {
            e.preventDefault();
            choose(matches[active]);
          } else if (e.key === 'Escape' && expanded) {
            e.preventDefault();
            setOpen(false);
          } // the first Escape closes the list, not the panel
        }}
      />
      <ul id={`${id}-list`} role="listbox" aria-label={t('search')} hidden={!expanded}>
        {matches.map((m, i) => {
          const former = matchedFormerName(m, debounced);
          return (
            <li
              key={m.code}
              id={`${id}-option-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(m)}
            >
              <strong>{m.name}</strong>
              {former && (
                <>
                  , {t('formerly')} {former}
                </>
              )}
              <small> · {m.parent?.name ?? vocabulary(t.language, 'UnitLevel', m.level)}</small>
            </li>
          );
        })}
        {!fetching && matches.length === 0 && (
          <li role="option" aria-disabled="true" aria-selected="false">
            {t('noMatches')}
          </li>
        )}
      </ul>
    </div>
  );
}

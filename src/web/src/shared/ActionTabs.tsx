import { useState, type ReactNode } from 'react'

export type ActionTab = { key: string; label: string; render: (active: boolean) => ReactNode }

/**
 * A battery's actions as a row of toggles (Charge · Discharge · History …) with one panel open at a time.
 * Panels stay mounted once opened, so an operation's result survives switching tabs.
 */
export function ActionTabs(props: { id: string; tabs: (ActionTab | false | null | undefined)[] }) {
  const tabs = props.tabs.filter((t): t is ActionTab => !!t)
  const [open, setOpen] = useState<string | null>(null)
  const [seen, setSeen] = useState<Set<string>>(() => new Set())
  if (tabs.length === 0) return null
  return (
    <div className="action-tabs">
      <div className="tab-row" role="group" aria-label="Actions">
        {tabs.map((t) => (
          <button
            key={t.key}
            type="button"
            className={`tab${open === t.key ? ' open' : ''}`}
            aria-expanded={open === t.key}
            aria-controls={`${props.id}-${t.key}`}
            data-testid={`${props.id}-${t.key}-tab`}
            onClick={() => {
              setOpen(open === t.key ? null : t.key)
              setSeen((s) => (s.has(t.key) ? s : new Set(s).add(t.key)))
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) =>
        seen.has(t.key) ? (
          <div key={t.key} id={`${props.id}-${t.key}`} className="tab-panel" hidden={open !== t.key}>
            {t.render(open === t.key)}
          </div>
        ) : null,
      )}
    </div>
  )
}

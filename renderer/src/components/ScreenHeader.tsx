import type { ReactNode } from 'react';

/** A screen's title and one-line intro; `id` is what the screen's section is aria-labelledby. Children go on the side. */
export function ScreenHeader({ id, title, intro, children }: { id: string; title: ReactNode; intro: ReactNode; children?: ReactNode }) {
  return (
    <header className="screen__header">
      <div>
        <h1 id={id}>{title}</h1>
        <p className="muted screen__intro">{intro}</p>
      </div>
      {children}
    </header>
  );
}

import type { ReactNode } from "react";

export function AuthShell(props: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <main className="centered-page">
      <div className="card narrow">
        <p className="brand" aria-hidden="true">
          <span className="brand-mark">PA</span> Cloud PA
        </p>
        <h1>{props.title}</h1>
        <p className="muted">{props.subtitle}</p>
        {props.children}
      </div>
    </main>
  );
}

import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { forgetDraftsOnThisDevice } from "#app/conversation/drafts/use-draft.ts";
import { useRootData } from "#app/root";
import { CsrfInput } from "./csrf-input";

/** The signed-in frame: a top bar with the sections and log-out, then the page. */
export function AppShell({ children }: { children: ReactNode }) {
  const root = useRootData();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        {/* Named by its text, not an aria-label that would not start with the visible "Cloud PA" (WCAG 2.5.3). */}
        <NavLink to="/inbox" className="brand">
          <span className="brand-mark" aria-hidden="true">
            PA
          </span>
          <span className="brand-name">Cloud PA</span>
          <span className="visually-hidden"> inbox</span>
        </NavLink>
        <nav aria-label="Main" className="topnav">
          <NavLink to="/inbox">Inbox</NavLink>
          {/* To /settings (it opens the first section) so that every section marks Settings as current. */}
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <div className="topbar-account">
          <span className="muted account-email" title={root?.account?.email}>
            {root?.account?.orgName}
          </span>
          {/* Leaves nothing of the replies half-written on this device (conversation/drafts). */}
          <Form method="post" action="/logout" onSubmit={forgetDraftsOnThisDevice}>
            <CsrfInput />
            <button type="submit" className="button ghost small">
              Log out
            </button>
          </Form>
        </div>
      </header>
      {children}
    </div>
  );
}

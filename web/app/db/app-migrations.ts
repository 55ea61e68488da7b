import { sqlMigration } from "@cloudpa/read-model";

/**
 * Schema `app`: what the web owns (accounts, sessions, API tokens, login attempts). A
 * read-model rebuild never touches it. MikroORM's migrator runs them (`migrateApp`), as it runs
 * the read model's, and records them in `app.mikro_orm_migrations`. Append a migration; never
 * edit one that shipped: each is the literal SQL it ran.
 */
export const APP_MIGRATIONS = [
  sqlMigration(
    "0001-accounts",
    `
      CREATE TABLE app.orgs (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE app.users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON app.users (lower(email));
      CREATE TABLE app.memberships (
        user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES app.orgs (id) ON DELETE CASCADE,
        role text NOT NULL DEFAULT 'owner',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, org_id)
      );
      CREATE TABLE app.sessions (
        token_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES app.orgs (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX sessions_user_idx ON app.sessions (user_id);
      CREATE TABLE app.api_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES app.orgs (id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX api_tokens_org_idx ON app.api_tokens (org_id, created_at DESC);
      CREATE TABLE app.login_attempts (
        id bigserial PRIMARY KEY,
        email_key text NOT NULL,
        client_ip text NOT NULL,
        succeeded boolean NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX login_attempts_email_idx ON app.login_attempts (email_key, attempted_at DESC) WHERE NOT succeeded;
      CREATE INDEX login_attempts_ip_idx ON app.login_attempts (client_ip, attempted_at DESC) WHERE NOT succeeded;
    `,
  ),
  // One counter row per budget (an address, an account, a known device), incremented and read
  // in one statement: counting rows of attempts let parallel requests all pass one check.
  sqlMigration(
    "0002-login-limit-counters",
    `
      CREATE TABLE app.login_limits (
        key text PRIMARY KEY,
        attempts integer NOT NULL,
        window_started_at timestamptz NOT NULL
      );
      CREATE INDEX login_limits_window_idx ON app.login_limits (window_started_at);
      DROP TABLE app.login_attempts;
    `,
  ),
  // A session gets an id the sessions page can name (never its token hash), the device it
  // signed in from, and when it was last seen (written at most once a minute). Expired
  // sessions are pruned by expires_at.
  sqlMigration(
    "0003-session-devices",
    `
      ALTER TABLE app.sessions ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
      ALTER TABLE app.sessions ADD CONSTRAINT sessions_id_key UNIQUE (id);
      ALTER TABLE app.sessions ADD COLUMN device text NOT NULL DEFAULT 'Unknown device';
      ALTER TABLE app.sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();
      CREATE INDEX sessions_expiry_idx ON app.sessions (expires_at);
    `,
  ),
  // Passkeys (WebAuthn credentials), the server-side single-use challenges of their ceremonies,
  // a log-in waiting for its second factor, and one-time recovery codes (stored as SHA-256).
  sqlMigration(
    "0004-passkeys",
    `
      ALTER TABLE app.users ADD COLUMN second_factor_required boolean NOT NULL DEFAULT false;
      CREATE TABLE app.passkeys (
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      );
      CREATE INDEX passkeys_user_idx ON app.passkeys (user_id, created_at);
      CREATE TABLE app.webauthn_challenges (
        attempt_hash bytea NOT NULL,
        purpose text NOT NULL,
        challenge text NOT NULL,
        user_id uuid REFERENCES app.users (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (attempt_hash, purpose)
      );
      CREATE INDEX webauthn_challenges_expiry_idx ON app.webauthn_challenges (expires_at);
      CREATE TABLE app.second_factor_logins (
        token_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES app.orgs (id) ON DELETE CASCADE,
        redirect_to text NOT NULL,
        failures integer NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE app.recovery_codes (
        user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz,
        PRIMARY KEY (user_id, code_hash)
      );
    `,
  ),
  // API tokens name what they may do (read the inbox, send replies) and may expire; tokens made
  // before this keep both scopes and no expiry. The rate-limit counters (app.login_limits)
  // now hold every named budget (log-in, sign-up, API), each with its own window length.
  sqlMigration(
    "0005-token-scopes",
    `
      ALTER TABLE app.api_tokens ADD COLUMN scopes text[] NOT NULL DEFAULT '{read,send}';
      ALTER TABLE app.api_tokens ALTER COLUMN scopes DROP DEFAULT;
      ALTER TABLE app.api_tokens ADD CONSTRAINT api_tokens_scopes_check
        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'send']::text[]);
      ALTER TABLE app.api_tokens ADD COLUMN expires_at timestamptz;
      ALTER TABLE app.login_limits ADD COLUMN window_seconds integer NOT NULL DEFAULT 900;
    `,
  ),
  // Operators are platform staff: they may read any org's event history on the admin pages
  // (`npm run cloudpa -- operators grant|revoke --email <email>`). Nobody is one by default.
  sqlMigration(
    "0006-operators",
    `
      ALTER TABLE app.users ADD COLUMN is_operator boolean NOT NULL DEFAULT false;
    `,
  ),
  // Never miss a message (issue 15, docs/decisions/025): each user's notification choices, each
  // device's Web Push subscription (its endpoint and keys, a name the user may change), and which
  // event each subscription was pushed, so a redelivered event is not pushed twice.
  sqlMigration(
    "0007-notifications",
    `
      CREATE TABLE app.notification_settings (
        user_id uuid PRIMARY KEY REFERENCES app.users (id) ON DELETE CASCADE,
        unread_badge boolean NOT NULL DEFAULT true,
        sound boolean NOT NULL DEFAULT false,
        desktop boolean NOT NULL DEFAULT true,
        push_preview boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE app.push_subscriptions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES app.orgs (id) ON DELETE CASCADE,
        endpoint text NOT NULL,
        p256dh text NOT NULL,
        auth text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_pushed_at timestamptz
      );
      CREATE UNIQUE INDEX push_subscriptions_endpoint_key ON app.push_subscriptions (endpoint);
      CREATE INDEX push_subscriptions_org_idx ON app.push_subscriptions (org_id);
      CREATE INDEX push_subscriptions_user_idx ON app.push_subscriptions (user_id, created_at);
      CREATE TABLE app.push_deliveries (
        subscription_id uuid NOT NULL REFERENCES app.push_subscriptions (id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        pushed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subscription_id, event_id)
      );
      CREATE INDEX push_deliveries_pushed_idx ON app.push_deliveries (pushed_at);
    `,
  ),
  // Working hours and automatic replies (issue 15, docs/decisions/026): each org's settings as one
  // document (parsed by autoReplySettingsSchema), and the ledger of the SendReply commands the
  // auto-replier issued, so a redelivered or replayed customer message issues none again.
  sqlMigration(
    "0008-auto-replies",
    `
      CREATE TABLE app.auto_reply_settings (
        org_id uuid PRIMARY KEY REFERENCES app.orgs (id) ON DELETE CASCADE,
        settings jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE app.auto_replies_issued (
        org_id uuid NOT NULL,
        command_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        kind text NOT NULL,
        trigger_event_id uuid NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, command_id)
      );
      CREATE INDEX auto_replies_issued_conversation_idx ON app.auto_replies_issued (org_id, conversation_id);
    `,
  ),
  // When the message an issued automatic reply answered came (the command's requestedAt), so the
  // auto-replier can tell an away reply of the same off-hours stretch after the settings moved its
  // start (docs/decisions/026). Rows from before take the time they were issued, seconds after.
  sqlMigration(
    "0009-auto-replies-requested-at",
    `
      ALTER TABLE app.auto_replies_issued ADD COLUMN requested_at timestamptz;
      UPDATE app.auto_replies_issued SET requested_at = issued_at;
      ALTER TABLE app.auto_replies_issued ALTER COLUMN requested_at SET NOT NULL;
    `,
  ),
  // The rate-limit counters skip the WAL (docs/decisions/036): every API request and log-in attempt
  // takes a turn, and a logged table made each turn wait for a WAL flush. A crash empties them.
  sqlMigration(
    "0010-rate-limit-counters-unlogged",
    `
      ALTER TABLE app.login_limits SET UNLOGGED;
    `,
  ),
];

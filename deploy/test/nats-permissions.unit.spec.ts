import { readFileSync } from "node:fs";
import {
  type CloudpaNames,
  type ConversationEventKind,
  cloudpaNames,
  contactErasedSubject,
  LABEL_EVENT_KINDS,
  labelEventSubject,
  SAVED_REPLY_EVENT_KINDS,
  savedReplyEventSubject,
} from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import {
  authConfPath,
  effectivePermissions,
  loadPermissions,
  passwordVariable,
  renderAuth,
} from "../nats/render-auth.ts";
import { allowedBy, subjectMatches } from "./subjects.ts";

const org = "0b7c6f1e-8a57-4c0e-9d43-3f0f4b7d2a10";
const conversation = "5d1e0a3c-8a8e-5b9f-9a37-0f6b0e1c2d3e";
const channel = "a3f1d2c4-1b2e-5c3d-8e4f-5a6b7c8d9e0f";
const contact = "7c9e6679-7425-50de-944b-e07fc1f90ae7";

function subjectsOf(names: CloudpaNames) {
  const conv = (kind: ConversationEventKind) => names.conversationEventSubject(org, conversation, kind);
  return {
    inbound: conv("inbound_received"),
    status: conv("status_updated"),
    replySent: conv("reply_sent"),
    replyFailed: conv("reply_failed"),
    read: conv("conversation_read"),
    channelConnected: names.channelEventSubject(org, channel, "channel_connected"),
    channelDisconnected: names.channelEventSubject(org, channel, "channel_disconnected"),
    contactErased: contactErasedSubject(names, org, contact),
    sendReply: names.sendReplySubject(org),
    live: names.liveSubject(org),
    kvKey: `$KV.${names.channelsBucket}.twilio_whatsapp.14155238886`,
  };
}

describe("NATS subject matcher used by these checks", () => {
  it("matches '*' to one token and '>' to one or more, as nats-server does", () => {
    expect(subjectMatches("a.*.c", "a.b.c")).toBe(true);
    expect(subjectMatches("a.*.c", "a.b.x.c")).toBe(false);
    expect(subjectMatches("a.>", "a.b.c")).toBe(true);
    expect(subjectMatches("a.>", "a")).toBe(false);
    expect(subjectMatches("a.b", "a.b.c")).toBe(false);
  });
});

describe("NATS users and permissions (deploy/nats/permissions.json)", () => {
  const file = loadPermissions();
  const names = cloudpaNames("cloudpa", { partitions: 16 });
  const users = effectivePermissions(file, names.namespace);
  const s = subjectsOf(names);
  const publishes = (user: string, subject: string) => allowedBy(users[user]!.publish, subject);

  it("keeps the committed auth.conf identical to what render-auth.ts renders for namespace cloudpa", () => {
    expect(readFileSync(authConfPath, "utf8")).toBe(renderAuth(file, "cloudpa"));
  });

  it("reads every password from its own environment variable, never from the file", () => {
    const conf = readFileSync(authConfPath, "utf8");
    for (const user of Object.keys(users)) expect(conf).toContain(`password: $${passwordVariable(user)}`);
    expect(conf).not.toMatch(/password:\s*"/);
  });

  it("lets the ingress append only inbound and status events", () => {
    expect(publishes("ingress", s.inbound)).toBe(true);
    expect(publishes("ingress", s.status)).toBe(true);
    for (const other of [
      s.replySent,
      s.replyFailed,
      s.read,
      s.channelConnected,
      s.contactErased,
      s.sendReply,
      s.live,
      s.kvKey,
    ]) {
      expect(publishes("ingress", other), other).toBe(false);
    }
  });

  it("lets the outbound append only reply events and consume COMMANDS", () => {
    expect(publishes("outbound", s.replySent)).toBe(true);
    expect(publishes("outbound", s.replyFailed)).toBe(true);
    expect(publishes("outbound", `$JS.API.CONSUMER.MSG.NEXT.${names.commandsStream}.outbound`)).toBe(true);
    expect(publishes("outbound", `$JS.ACK.${names.commandsStream}.outbound.1.2.3.4.5`)).toBe(true);
    for (const other of [
      s.inbound,
      s.status,
      s.read,
      s.channelDisconnected,
      s.contactErased,
      s.sendReply,
      s.live,
      s.kvKey,
    ]) {
      expect(publishes("outbound", other), other).toBe(false);
    }
    // It reads one conversation's events for the 24-hour window, but may not ack another's consumer.
    expect(publishes("outbound", `$JS.API.CONSUMER.MSG.NEXT.${names.eventsStream}.ordered_1`)).toBe(true);
    expect(publishes("outbound", `$JS.ACK.${names.eventsStream}.projector.1.2.3.4.5`)).toBe(false);
    // Its media keeper (decision 021) acks its own consumer of EVENTS and appends InboundMediaStored.
    expect(publishes("outbound", `$JS.ACK.${names.eventsStream}.outbound-media-keeper.1.2.3.4.5`)).toBe(true);
    expect(publishes("outbound", names.conversationEventSubject(org, conversation, "inbound_media_stored"))).toBe(true);
  });

  it("lets the web publish only commands, channel, read and contact-erased events, and write the channel registry", () => {
    for (const allowed of [s.sendReply, s.read, s.channelConnected, s.channelDisconnected, s.contactErased, s.kvKey]) {
      expect(publishes("web", allowed), allowed).toBe(true);
    }
    for (const other of [s.inbound, s.status, s.replySent, s.replyFailed, s.live]) {
      expect(publishes("web", other), other).toBe(false);
    }
    expect(allowedBy(users.web!.subscribe, s.live)).toBe(true);
  });

  it("lets only the web append archive, snooze, pin and mark-unread events of a conversation (issue 15)", () => {
    const kinds: ConversationEventKind[] = [
      "conversation_archived",
      "conversation_unarchived",
      "conversation_snoozed",
      "conversation_pinned",
      "conversation_unpinned",
      "conversation_marked_unread",
    ];
    for (const kind of kinds) {
      const subject = names.conversationEventSubject(org, conversation, kind);
      expect(publishes("web", subject), subject).toBe(true);
      for (const user of ["ingress", "outbound", "projector"]) expect(publishes(user, subject), user).toBe(false);
    }
  });

  it("lets only the web append private notes and contact details, on a conversation's subject (issue 15)", () => {
    const kinds: ConversationEventKind[] = ["note_added", "note_edited", "note_deleted", "contact_details_updated"];
    for (const kind of kinds) {
      const subject = names.conversationEventSubject(org, conversation, kind);
      expect(publishes("web", subject), subject).toBe(true);
      for (const user of ["ingress", "outbound", "projector"]) expect(publishes(user, subject), user).toBe(false);
    }
  });

  it("lets only the web append label events, on a label's subject, and put labels on conversations (issue 15)", () => {
    const label = "c2a1e0d4-5b6f-4a7e-8c9d-0e1f2a3b4c5d";
    const subjects = [
      ...Object.values(LABEL_EVENT_KINDS).map((kind) => labelEventSubject(names, org, label, kind)),
      names.conversationEventSubject(org, conversation, "conversation_labelled"),
      names.conversationEventSubject(org, conversation, "conversation_unlabelled"),
    ];
    for (const subject of subjects) {
      expect(publishes("web", subject), subject).toBe(true);
      for (const user of ["ingress", "outbound", "projector"]) expect(publishes(user, subject), user).toBe(false);
    }
    // A label's own events only on a label's subject, never under a conversation's.
    expect(publishes("web", `${names.orgEventsRoot(org)}.${conversation}.label_created`)).toBe(false);
  });

  it("lets only the web append saved reply events, on a saved reply's subject (issue 15)", () => {
    const savedReply = "5d0e2f3a-1b4c-4d6e-8f7a-9b0c1d2e3f4a";
    for (const kind of Object.values(SAVED_REPLY_EVENT_KINDS)) {
      const subject = savedReplyEventSubject(names, org, savedReply, kind);
      expect(publishes("web", subject), subject).toBe(true);
      for (const user of ["ingress", "outbound", "projector"]) expect(publishes(user, subject), user).toBe(false);
      // Only on a saved reply's subject, never under a conversation's.
      expect(publishes("web", `${names.orgEventsRoot(org)}.${conversation}.${kind}`)).toBe(false);
    }
  });

  it("lets the web append ContactErased only on a contact's subject (docs/decisions/010)", () => {
    const root = names.orgEventsRoot(org);
    expect(publishes("web", `${root}.${conversation}.contact_erased`)).toBe(false);
    expect(publishes("web", `${root}.contact.${contact}.inbound_received`)).toBe(false);
    expect(publishes("web", `${root}.contact.${contact}.x.contact_erased`)).toBe(false);
  });

  it("lets no service publish an event subject of the format from before partitions (docs/decisions/019)", () => {
    const legacy = {
      ingress: [
        `cloudpa.evt.${org}.${conversation}.inbound_received`,
        `cloudpa.evt.${org}.${conversation}.status_updated`,
      ],
      outbound: [`cloudpa.evt.${org}.${conversation}.reply_sent`, `cloudpa.evt.${org}.${conversation}.reply_failed`],
      web: [
        `cloudpa.evt.${org}.${conversation}.conversation_read`,
        `cloudpa.evt.${org}.channel.${channel}.channel_connected`,
        `cloudpa.evt.${org}.contact.${contact}.contact_erased`,
      ],
    };
    for (const [user, subjects] of Object.entries(legacy)) {
      for (const subject of subjects) expect(publishes(user, subject), `${user} ${subject}`).toBe(false);
    }
  });

  it("lets every service read the partition count the set-up recorded, and none write it", () => {
    for (const user of ["ingress", "projector", "outbound", "web"]) {
      expect(publishes(user, `$JS.API.STREAM.INFO.KV_${names.configBucket}`), user).toBe(true);
      expect(
        publishes(user, `$JS.API.DIRECT.GET.KV_${names.configBucket}.$KV.${names.configBucket}.event-partitions`),
      ).toBe(true);
      expect(publishes(user, `$KV.${names.configBucket}.event-partitions`), user).toBe(false);
    }
  });

  it("lets the web get and erase stored messages of EVENTS, COMMANDS, the outbound's buckets and the media bucket, and nothing broader", () => {
    const erasable = [
      names.eventsStream,
      names.commandsStream,
      `KV_${names.outboundAttemptsBucket}`,
      `KV_${names.outboundQuarantineBucket}`,
    ];
    const granted = erasable.flatMap((stream) => [
      `$JS.API.STREAM.MSG.GET.${stream}`,
      `$JS.API.STREAM.MSG.DELETE.${stream}`,
    ]);
    for (const subject of granted) expect(publishes("web", subject), subject).toBe(true);
    // The web's only message-level stream rights are these, plus reading the channel registry and the config.
    const messageRights = users.web!.publish.filter((subject) => subject.startsWith("$JS.API.STREAM.MSG."));
    expect(messageRights.sort()).toEqual(
      [
        ...granted,
        `$JS.API.STREAM.MSG.GET.KV_${names.channelsBucket}`,
        `$JS.API.STREAM.MSG.GET.KV_${names.configBucket}`,
        // Reading an object's record in the media Object Store (decision 021), and erasing an erased contact's
        // objects there (their chunks and records, docs/decisions/010).
        `$JS.API.STREAM.MSG.GET.OBJ_${names.mediaBucket}`,
        `$JS.API.STREAM.MSG.DELETE.OBJ_${names.mediaBucket}`,
      ].sort(),
    );
    expect(publishes("web", `$JS.API.STREAM.MSG.DELETE.KV_${names.channelsBucket}`)).toBe(false);
    for (const stream of erasable) {
      for (const verb of ["CREATE", "UPDATE", "PURGE", "DELETE"]) {
        expect(publishes("web", `$JS.API.STREAM.${verb}.${stream}`), `${verb} ${stream}`).toBe(false);
      }
    }
    // No wildcard reaches the stream API beyond what each user lists subject by subject.
    for (const user of ["ingress", "projector", "outbound", "web"]) {
      expect(publishes(user, "$JS.API.STREAM.MSG.DELETE.other-stream"), user).toBe(false);
      expect(publishes(user, "$JS.API.STREAM.LIST"), user).toBe(false);
    }
    // Deleting an object is the purge and record write it uploads with; the media bucket itself stays the set-up's.
    expect(publishes("web", `$JS.API.STREAM.PURGE.OBJ_${names.mediaBucket}`)).toBe(true);
    expect(publishes("web", `$O.${names.mediaBucket}.M.b3JnL21lZGlh`)).toBe(true);
    for (const verb of ["CREATE", "UPDATE", "DELETE"])
      expect(publishes("web", `$JS.API.STREAM.${verb}.OBJ_${names.mediaBucket}`), verb).toBe(false);
    // The outbound's media keeper erases a copy it stored for a message erased meanwhile (decision 010), on the media bucket only.
    expect(publishes("outbound", `$JS.API.STREAM.MSG.DELETE.OBJ_${names.mediaBucket}`)).toBe(true);
    for (const user of ["ingress", "projector"])
      expect(publishes(user, `$JS.API.STREAM.MSG.DELETE.OBJ_${names.mediaBucket}`), user).toBe(false);
    for (const user of ["ingress", "projector", "outbound"]) {
      for (const stream of erasable) {
        expect(publishes(user, `$JS.API.STREAM.MSG.DELETE.${stream}`), `${user} ${stream}`).toBe(false);
      }
    }
  });

  it("lets the projector consume EVENTS and publish live notices, and append nothing", () => {
    expect(publishes("projector", s.live)).toBe(true);
    expect(publishes("projector", `$JS.API.CONSUMER.CREATE.${names.eventsStream}.projector`)).toBe(true);
    expect(publishes("projector", `$JS.ACK.${names.eventsStream}.projector.1.2.3.4.5`)).toBe(true);
    for (const other of Object.values(s).filter((subject) => subject !== s.live)) {
      expect(publishes("projector", other), other).toBe(false);
    }
  });

  it("lets the projector keep its partition leases on the leases bucket only (decision 020)", () => {
    const leases = names.projectorLeasesBucket;
    const granted = [
      `$JS.API.STREAM.INFO.KV_${leases}`,
      `$JS.API.DIRECT.GET.KV_${leases}.$KV.${leases}.inbox.p3`,
      `$KV.${leases}.inbox.p3`,
    ];
    for (const subject of granted) expect(publishes("projector", subject), subject).toBe(true);
    const leaseRights = users.projector!.publish.filter((subject) => subject.includes(leases));
    expect(leaseRights.sort()).toEqual(
      [`$JS.API.STREAM.INFO.KV_${leases}`, `$JS.API.DIRECT.GET.KV_${leases}.>`, `$KV.${leases}.>`].sort(),
    );
    for (const verb of ["CREATE", "UPDATE", "PURGE", "DELETE", "MSG.DELETE"]) {
      expect(publishes("projector", `$JS.API.STREAM.${verb}.KV_${leases}`), verb).toBe(false);
    }
    for (const user of ["ingress", "outbound", "web"]) {
      expect(publishes(user, `$KV.${leases}.inbox.p3`), user).toBe(false);
    }
  });

  it("keeps the outbound's attempts bucket to the outbound, which the set-up step creates", () => {
    const attempts = `KV_${names.outboundAttemptsBucket}`;
    expect(publishes("outbound", `$KV.${names.outboundAttemptsBucket}.cmd-1`)).toBe(true);
    expect(publishes("outbound", `$JS.API.STREAM.CREATE.${attempts}`)).toBe(false);
    expect(publishes("outbound", `$JS.API.STREAM.UPDATE.${attempts}`)).toBe(false);
    for (const user of ["ingress", "projector", "web"]) {
      expect(publishes(user, `$KV.${names.outboundAttemptsBucket}.cmd-1`), user).toBe(false);
    }
  });

  it("lets the projector recreate its own durable consumer, and no one else delete one", () => {
    expect(publishes("projector", `$JS.API.CONSUMER.DELETE.${names.eventsStream}.projector-inbox`)).toBe(true);
    for (const user of ["ingress", "outbound", "web"]) {
      expect(publishes(user, `$JS.API.CONSUMER.DELETE.${names.eventsStream}.projector-inbox`), user).toBe(false);
      expect(publishes(user, `$JS.API.CONSUMER.DELETE.${names.commandsStream}.outbound`), user).toBe(false);
    }
  });

  it("gives no service the right to create, change, purge or delete a shared stream", () => {
    for (const user of ["ingress", "projector", "outbound", "web"]) {
      for (const stream of [names.eventsStream, names.commandsStream, `KV_${names.channelsBucket}`]) {
        for (const verb of ["CREATE", "UPDATE", "PURGE", "DELETE"]) {
          expect(publishes(user, `$JS.API.STREAM.${verb}.${stream}`), `${user} ${verb} ${stream}`).toBe(false);
        }
        expect(publishes(user, `$JS.API.STREAM.INFO.${stream}`), `${user} INFO ${stream}`).toBe(true);
      }
      expect(allowedBy(users[user]!.subscribe, "_INBOX.abc.1")).toBe(true);
    }
  });

  it("derives every subject from the namespace, so another namespace gets its own rules", () => {
    const other = cloudpaNames("acme", { partitions: 16 });
    const acme = effectivePermissions(file, other.namespace);
    expect(allowedBy(acme.ingress!.publish, subjectsOf(other).inbound)).toBe(true);
    expect(allowedBy(acme.ingress!.publish, s.inbound)).toBe(false);
    expect(JSON.stringify(acme)).not.toContain("cloudpa");
  });
});

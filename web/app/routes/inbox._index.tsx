export default function NoConversationSelected() {
  return (
    <div className="detail-placeholder">
      <p className="muted">Choose a conversation to read and reply.</p>
    </div>
  );
}

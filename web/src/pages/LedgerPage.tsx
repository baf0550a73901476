export default function LedgerPage() {
  return <div>LedgerPage</div>;
}

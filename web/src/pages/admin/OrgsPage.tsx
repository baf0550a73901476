export default function OrgsPage() {
  return <div>OrgsPage</div>;
}

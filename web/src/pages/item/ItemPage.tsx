export default function ItemPage() {
  return <div>ItemPage</div>;
}

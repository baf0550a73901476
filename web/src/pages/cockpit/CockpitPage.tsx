export default function CockpitPage(_props: { wall?: boolean }) {
  return <div>CockpitPage</div>;
}

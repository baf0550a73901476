export default function ReviewPage() {
  return <div>ReviewPage</div>;
}

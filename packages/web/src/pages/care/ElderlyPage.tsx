import { SubjectsPage } from './SubjectsPage';

/** /elderly/people */
export default function ElderlyPage() {
  return <SubjectsPage kind="elderly" />;
}

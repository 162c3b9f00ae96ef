import { SubjectsPage } from './SubjectsPage';

/** /children/list */
export default function ChildrenPage() {
  return <SubjectsPage kind="child" />;
}

import { Navigate } from 'react-router';
import { useMe } from '../../session';

/** /regions opens the user's own region. */
export default function RegionsIndex() {
  const me = useMe();
  return <Navigate to={`/regions/${me.region.code}`} replace />;
}

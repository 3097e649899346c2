export { admit, type Admission, type AdmitInput } from './admit.ts';
export { routeResponse, type RoutedResponse, type ResponseOutcome } from './response.ts';
export { toErrorEnd, typeName, type Outgoing, type RouteContext } from './outgoing.ts';
export { readDeadline, readHops, withHeaders, outputHeaders } from './headers.ts';

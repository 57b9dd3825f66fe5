import { MantineProvider, type MantineColorSchemeManager } from '@mantine/core';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from './api/client.ts';
import { SESSION_KEY, useSession } from './api/session.ts';
import { homeFor } from './nav.ts';
import { RequireSession } from './components/RequireSession.tsx';
import { SetupScene } from './scenes/SetupScene.tsx';
import { LoginScene } from './scenes/LoginScene.tsx';
import { CaseListScene } from './scenes/CaseListScene.tsx';
import { CaseFormScene } from './scenes/CaseFormScene.tsx';
import { CaseDetailScene } from './scenes/CaseDetailScene.tsx';
import { LeadListScene } from './scenes/LeadListScene.tsx';
import { LeadFormScene } from './scenes/LeadFormScene.tsx';
import { NotFoundScene } from './scenes/NotFoundScene.tsx';
import { ReviewQueueScene } from './scenes/ReviewQueueScene.tsx';
import { MatchCompareScene } from './scenes/MatchCompareScene.tsx';
import { SearchScene } from './scenes/SearchScene.tsx';
import { PartnerRequestsScene } from './scenes/PartnerRequestsScene.tsx';
import { PartnerRequestScene } from './scenes/PartnerRequestScene.tsx';
import { PartnerDisclosureScene } from './scenes/PartnerDisclosureScene.tsx';
import { AdminUsersScene } from './scenes/AdminUsersScene.tsx';
import { AuditScene } from './scenes/AuditScene.tsx';
import { StatisticsScene } from './scenes/StatisticsScene.tsx';
import { DossiersScene } from './scenes/DossiersScene.tsx';
import { BreakGlassRequest } from './components/BreakGlassRequest.tsx';
import { PasskeyPanel } from './components/PasskeyPanel.tsx';
import { ImportScene } from './scenes/ImportScene.tsx';

// Mantine would remember the colour scheme in localStorage; the browser keeps
// nothing but the language choice, so the scheme is fixed and never stored.
const fixedColorScheme: MantineColorSchemeManager = {
  get: () => 'light',
  set: () => undefined,
  subscribe: () => undefined,
  unsubscribe: () => undefined,
  clear: () => undefined,
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error) => {
      // An expired or revoked session: ask the session again, which sends the user to sign-in.
      if (error instanceof ApiError && error.status === 401) {
        void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      }
    },
  }),
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/** Each role lands on its own first page (a field partner has no case list). */
function Home() {
  const session = useSession();
  return <Navigate to={session.data ? homeFor(session.data.role) : '/login'} replace />;
}

export function App() {
  // No CSS variables or classes injected as <style> elements: the CSP allows
  // styles from our own files only, and styles.css carries the default theme.
  return (
    <MantineProvider
      colorSchemeManager={fixedColorScheme}
      defaultColorScheme="light"
      withCssVariables={false}
      withGlobalClasses={false}
    >
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route path="/setup" element={<SetupScene />} />
            <Route path="/login" element={<LoginScene />} />
            <Route element={<RequireSession />}>
              <Route index element={<Home />} />
              <Route path="/cases" element={<CaseListScene />} />
              <Route path="/cases/new" element={<CaseFormScene />} />
              <Route path="/cases/:id" element={<CaseDetailScene />} />
              <Route path="/cases/:id/edit" element={<CaseFormScene />} />
              <Route path="/leads" element={<LeadListScene />} />
              <Route path="/leads/new" element={<LeadFormScene />} />
              <Route path="/leads/:id" element={<LeadFormScene />} />
              <Route path="/partner" element={<PartnerRequestsScene />} />
              <Route path="/partner/requests/:id" element={<PartnerRequestScene />} />
              <Route path="/partner/disclosures/:id" element={<PartnerDisclosureScene />} />
              <Route path="/admin/users" element={<AdminUsersScene />} />
              <Route path="/audit" element={<AuditScene />} />
              <Route path="/statistics" element={<StatisticsScene />} />
              <Route path="/dossiers" element={<DossiersScene />} />
              <Route path="/break-glass" element={<BreakGlassRequest />} />
              <Route path="/account/passkeys" element={<PasskeyPanel />} />
              <Route path="/import" element={<ImportScene />} />
              <Route path="/matches" element={<ReviewQueueScene />} />
              <Route path="/matches/:id" element={<MatchCompareScene />} />
              <Route path="/search" element={<SearchScene />} />
              <Route path="*" element={<NotFoundScene />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}

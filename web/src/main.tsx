import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client';
import { AppRoutes } from './App';
import { SessionProvider } from './auth';
import { I18nProvider, useI18n, type Lang } from './i18n';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Permission and not-found answers do not change by asking again.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

/** antd's and dayjs's words for each language; simplified Chinese ships with the page, the others load when chosen. */
const locales: Record<Lang, () => Promise<{ antd: Locale; dayjs: string }>> = {
  'zh-CN': () => Promise.resolve({ antd: zhCN, dayjs: 'zh-cn' }),
  'zh-TW': async () => {
    const [antd] = await Promise.all([import('antd/locale/zh_TW'), import('dayjs/locale/zh-tw')]);
    return { antd: antd.default, dayjs: 'zh-tw' };
  },
  en: async () => ({ antd: (await import('antd/locale/en_US')).default, dayjs: 'en' }),
};

function Themed() {
  const { lang } = useI18n();
  const [antdLocale, setAntdLocale] = useState<Locale>(zhCN);
  useEffect(() => {
    let current = true;
    void locales[lang]().then((l) => {
      if (current) {
        dayjs.locale(l.dayjs);
        setAntdLocale(l.antd);
      }
    });
    document.documentElement.lang = lang;
    return () => {
      current = false;
    };
  }, [lang]);
  return (
    <ConfigProvider
      locale={antdLocale}
      theme={{ token: { colorPrimary: '#b7312c', borderRadius: 4 } }}
      componentSize="middle"
    >
      <AntApp>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <BrowserRouter>
          <Themed />
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);

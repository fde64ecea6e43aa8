import { createRoot } from 'react-dom/client';
import { WEB_MESSAGES } from '../../src/domain/messages/web.js';

createRoot(document.getElementById('root')!).render(<h1>{WEB_MESSAGES['web.title'].zh}</h1>);

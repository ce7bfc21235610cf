import { createRoot } from 'react-dom/client';
createRoot(document.getElementById('root')!).render(<div>控制台</div>);

import { firstScreen } from './first-screen';

/** The IndexedDB database localforage keeps our stores in (`local-store.ts` callers). */
const DATABASE = 'lanxang';

let answer: Promise<boolean> | undefined;

/**
 * Whether the device holds anything to take up at start (a download to resume or clean up, a
 * queued write to re-send), asked once the first screen is drawn. Read straight from IndexedDB,
 * so a TV with nothing stored never fetches the download engine or localforage until the viewer
 * does something that needs them. When it cannot tell, it says yes.
 */
export function storedWorkAtStart(): Promise<boolean> {
  answer ??= firstScreen.whenDrawn().then(() => hasStoredWork().catch(() => true));
  return answer;
}

async function hasStoredWork(): Promise<boolean> {
  const factory = globalThis.indexedDB as IDBFactory | undefined;
  if (!factory?.databases) return true;
  // Listing, unlike opening, never creates the database.
  if (!(await factory.databases()).some((database) => database.name === DATABASE)) return false;
  return new Promise((resolve) => {
    const request = factory.open(DATABASE);
    request.onerror = () => resolve(true);
    request.onsuccess = () => {
      const database = request.result;
      // localforage adding a store bumps the version: never hold that up.
      database.onversionchange = () => database.close();
      const stores = Array.from(database.objectStoreNames).filter(
        (name) => name === 'downloads' || name.startsWith('outbox_'),
      );
      if (stores.length === 0) {
        database.close();
        resolve(false);
        return;
      }
      const transaction = database.transaction(stores, 'readonly');
      let records = 0;
      for (const name of stores) {
        const count = transaction.objectStore(name).count();
        count.onsuccess = () => {
          records += count.result;
        };
      }
      transaction.oncomplete = () => {
        database.close();
        resolve(records > 0);
      };
      transaction.onerror = () => {
        database.close();
        resolve(true);
      };
    };
  });
}

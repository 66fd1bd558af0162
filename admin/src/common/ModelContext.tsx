import { createContext, useContext } from 'react';
import type { SchemaModel } from '../schemaModel';

export const ModelContext = createContext<SchemaModel | null>(null);

export function useModel(): SchemaModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error('useModel outside the signed-in app');
  return model;
}

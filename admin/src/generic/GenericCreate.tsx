import { Create, SimpleForm, useResourceContext } from 'react-admin';
import { useModel } from '../common/ModelContext';
import { inputFields } from './describe';
import { useInputElements } from './inputs';

/** A create form for any record type, from its input type; the server's field messages appear at the field. */
export function GenericCreate() {
  const model = useModel();
  const resource = useResourceContext()!;
  const info = model.resources.get(resource)!;
  const inputs = useInputElements(model, inputFields(model, info.inputType, resource));
  return (
    <Create redirect="show" mutationOptions={{ meta: {} }}>
      <SimpleForm>{inputs}</SimpleForm>
    </Create>
  );
}
